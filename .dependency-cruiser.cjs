/**
 * The import rules of the architecture (README: "The rooms and their rules").
 * `npm test` fails on any of them: run `npm run lint:imports` alone to see which.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: split what both need into a third.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain (datasets, codes, money, statuses) imports nothing of the app.',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(?!domain/)|lambdas/|scripts/|infra/|tests/)' },
    },
    {
      name: 'excel-knows-no-domain',
      severity: 'error',
      comment: 'Workbook plumbing (charts, zip repacking, cell safety) knows nothing of the domain.',
      from: { path: '^shared/excel/' },
      to: { path: '^(shared/(?!excel/)|lambdas/|scripts/|infra/|tests/)' },
    },
    {
      name: 'ingest-does-not-report',
      severity: 'error',
      comment: 'The storage errors are the one part of storage the ingest may know: by type, never an SDK.',
      from: { path: '^shared/ingest/' },
      to: { path: '^shared/(report|storage|templates)/', pathNot: '^shared/storage/storage-errors[.]ts$' },
    },
    {
      name: 'report-does-not-ingest',
      severity: 'error',
      from: { path: '^shared/report/' },
      to: { path: '^shared/(ingest|storage|templates)/', pathNot: '^shared/storage/storage-errors[.]ts$' },
    },
    {
      name: 'templates-are-domain-and-excel',
      severity: 'error',
      from: { path: '^shared/templates/' },
      to: { path: '^shared/(ingest|report|storage)/' },
    },
    {
      name: 'only-storage-talks-to-aws',
      severity: 'error',
      comment: 'Only shared/storage/ imports an AWS SDK; the rest reaches AWS through its ports.',
      from: { path: '^shared/(?!storage/)' },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'operator-cli-goes-through-the-app',
      severity: 'error',
      comment: 'The operator CLI adapts command lines to the use cases of shared/torchline.ts: no SDK, no storage adapter of its own.',
      from: { path: '^scripts/operator/' },
      to: { path: '(@aws-sdk/|^shared/storage/)' },
    },
    {
      name: 'shared-is-composed-not-composing',
      severity: 'error',
      comment: 'lambdas/, scripts/ and infra/ compose shared/; never the other way.',
      from: { path: '^shared/' },
      to: { path: '^(lambdas|scripts|infra|tests)/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      from: { path: '^(shared|lambdas|infra)/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
  },
};
