module.exports = {
  testEnvironment: '<rootDir>/tests/support/env.js',
  globalSetup: '<rootDir>/tests/support/global-setup.js',
  testMatch: ['<rootDir>/tests/**/*.test.js'],
  // Each test file starts its own server; a few at a time keeps a small CI runner comfortable.
  maxWorkers: 3,
  testTimeout: 60000,
  modulePathIgnorePatterns: ['<rootDir>/screenshots/'],
}
