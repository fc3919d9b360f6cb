/** Types of the generated messages.js (build/site.ts bundles model/i18n.ts): the pages import it like their own module. */
export * from '../model/i18n';
