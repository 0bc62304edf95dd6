// The README's test command: unit specs next to the code, integration and
// end-to-end specs under test/. Tests that read ../shared live in test/external
// and run only through jest.external.config.js.
const base = require('./jest.base.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/external/'],
};
