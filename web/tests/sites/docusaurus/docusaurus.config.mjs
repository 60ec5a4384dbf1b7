// A documentation site as an author sets it up: Docusaurus (webpack 5, React) with the
// element imported from the installed package in a client module (scripts/test-sites.sh
// installs the `npm pack` tarball into this folder's node_modules). Docusaurus also runs
// client modules in node while it pre-renders the pages: there the import defines nothing.
// Built output goes under build/sites/docusaurus/ (docusaurus build --out-dir), never here.
export default {
  title: 'Lethe in Docusaurus',
  tagline: 'The <lethe-demo> element in a Docusaurus site',
  url: 'http://127.0.0.1',
  baseUrl: '/',
  // No favicon request (a 404 would be a console error).
  favicon: 'data:,',
  onBrokenLinks: 'throw',
  presets: [['classic', { docs: false, blog: false, theme: {} }]],
  clientModules: ['./src/lethe.js'],
  themeConfig: {
    colorMode: { disableSwitch: true },
    navbar: {
      title: 'Lethe',
      items: [
        { to: '/', label: 'Guide', position: 'left' },
        { to: '/other', label: 'Other page', position: 'left' },
      ],
    },
  },
};
