/** Architecture rules checked by `npm run depcheck` (part of `npm run check`). */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make modules impossible to reason about alone.', from: {}, to: { circular: true } },
    { name: 'shared-is-standalone', severity: 'error', comment: 'shared/ is used by client and server; it must not depend on either.', from: { path: '^shared/' }, to: { path: '^(client|server|tests)/' } },
    { name: 'client-not-server', severity: 'error', from: { path: '^client/' }, to: { path: '^server/' } },
    { name: 'server-not-client', severity: 'error', from: { path: '^server/' }, to: { path: '^client/' } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    exclude: { path: ['node_modules', 'dist'] },
  },
};
