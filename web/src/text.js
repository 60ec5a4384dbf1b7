// Numbers written into sentences: small counts as words, as the page's prose
// writes them, so a count read from the module or the data reads the same as
// one typed in.
const COUNT_WORDS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** 6 → "six"; counts past twelve stay digits. */
export function countWord(n) {
  return COUNT_WORDS[n] ?? String(n);
}
