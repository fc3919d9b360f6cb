/** Types of the generated rules.js (build/site.ts bundles model/entrant.ts): the entry form runs the server's rules. */
export * from '../model/entrant';
