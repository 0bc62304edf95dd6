module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{apps,libs,connectors,test}/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@ferry/sdk$': '<rootDir>/libs/sdk/src',
    '^@ferry/engine$': '<rootDir>/libs/engine/src',
    '^@ferry/domain$': '<rootDir>/libs/domain/src',
    '^@ferry/jobs$': '<rootDir>/libs/jobs/src',
    '^@ferry/notify$': '<rootDir>/libs/notify/src',
    '^@ferry/workflows$': '<rootDir>/libs/workflows/src',
    '^@ferry/connectors$': '<rootDir>/connectors',
    '^@ferry/connectors/(.*)$': '<rootDir>/connectors/$1',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60000,
  // MikroORM keeps entity metadata in process-wide storage, which breaks when a
  // second test file loads the entities again in the same worker: a worker is
  // replaced after every file.
  workerIdleMemoryLimit: 1,
};
