// `npm run test:external`: tests against the data in ../shared/fixtures/external.
const base = require('./jest.base.js');

module.exports = { ...base, testMatch: ['<rootDir>/test/external/**/*.spec.ts'] };
