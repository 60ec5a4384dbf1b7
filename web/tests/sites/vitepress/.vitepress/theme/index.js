// The theme imports the element once for every page. The import also runs in
// node while VitePress pre-renders the pages: there it defines nothing.
import DefaultTheme from 'vitepress/theme';
import '@lethe-bayes/unlearning/element';

export default DefaultTheme;
