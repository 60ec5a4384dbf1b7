// The element, imported once for every page (docusaurus.config.js's clientModules).
import '@lethe-bayes/unlearning/element';
