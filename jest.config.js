/** Jest runs in ESM mode: NestJS 12 packages are ESM-only (see README, "Tests"). */
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }];

/**
 * A few CommonJS packages (@fastify/static, behind the docs UI) require ESM-only dependencies,
 * which Node 20 allows but Jest's CommonJS loader does not: those files are compiled to CommonJS.
 */
const ESM_ONLY_DEPENDENCIES = ['content-disposition'];
const esmToCommonJs = [
  'ts-jest',
  {
    useESM: false,
    tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true, isolatedModules: true },
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': tsJest,
    [`node_modules/(${ESM_ONLY_DEPENDENCIES.join('|')})/.+\\.js$`]: esmToCommonJs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_DEPENDENCIES.join('|')})/)`],
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 30000,
};
