// A documentation site as an author sets it up: VitePress, the element imported
// from the installed package (scripts/test-sites.sh installs the `npm pack` tarball
// into this folder's node_modules). Built output goes under build/, never here.
import { defineConfig } from 'vitepress';
import { fileURLToPath } from 'node:url';

const repo = (p) => fileURLToPath(new URL(`../../../../../${p}`, import.meta.url));

export default defineConfig({
  title: 'Lethe in VitePress',
  description: 'The <lethe-demo> element in a VitePress site',
  // No favicon request (a 404 would be a console error).
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  outDir: repo('build/sites/vitepress/dist'),
  cacheDir: repo('build/sites/vitepress/cache'),
  // Vue must leave <lethe-demo> to the browser's custom-element registry.
  vue: { template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('lethe-') } } },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/' },
      { text: 'Other page', link: '/other' },
    ],
  },
});
