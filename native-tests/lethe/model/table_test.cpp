#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/table.hpp>

using namespace lethe;

TEST_CASE("data CSV: an id column names the rows, else the data row number", "[model][table]") {
  const DataTable with_ids = parse_data_csv("id,a,b,label\n17,0.5,1,1\n23,-2,3e-1,0\n", "t.csv");
  const LabelledTable a = rows_from_table(with_ids, "", true, "t.csv");
  CHECK(a.rows.ids == std::vector<std::int64_t>{17, 23});
  CHECK(a.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(a.target_name == "label");
  CHECK(a.rows.x(1, 1) == 0.3);
  const LabelledTable b = rows_from_table(parse_data_csv("u,v,w\n1,2,3\n\n4,5,6\n", "s.csv"), "u", true, "s.csv");
  CHECK(b.rows.ids == std::vector<std::int64_t>{0, 1});
  CHECK(b.target_name == "u");
  CHECK(b.rows.y(1) == 4);
  CHECK(b.feature_names == std::vector<std::string>{"v", "w"});
}

TEST_CASE("data CSV: malformed input is a ParseError naming file and line", "[model][table]") {
  CHECK_THROWS_WITH(parse_data_csv("1,2\n3,4\n", "x.csv"), Catch::Contains("x.csv:1"));
  CHECK_THROWS_WITH(parse_data_csv("a,b\n1\n", "x.csv"), Catch::Contains("x.csv:2") && Catch::Contains("fields"));
  CHECK_THROWS_WITH(parse_data_csv("a,b\n1,zz\n", "x.csv"), Catch::Contains("'zz'"));
  CHECK_THROWS_WITH(parse_data_csv("a,b\n1,nan\n", "x.csv"), Catch::Contains("finite"));
  const DataTable dup = parse_data_csv("id,a,y\n1,2,3\n1,5,6\n", "d.csv");
  CHECK_THROWS_WITH(rows_from_table(dup, "", true, "d.csv"), Catch::Contains("d.csv:3") && Catch::Contains("twice"));
  CHECK_THROWS_WITH(rows_from_table(dup, "nope", true, "d.csv"), Catch::Contains("'nope'"));
}

TEST_CASE("ids: comma- or line-separated integers", "[model][table]") {
  CHECK(parse_ids("17,23\n5\n\n-1", "ids") == std::vector<std::int64_t>{17, 23, 5, -1});
  CHECK_THROWS_WITH(parse_ids("17,x", "--ids"), Catch::Contains("'x'"));
}
