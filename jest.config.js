// Every Jest project of the workspace in one run (`npm test` reads its summary). Nx runs them one by one.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js', '<rootDir>/e2e/jest.config.js', '<rootDir>/reliability/jest.config.js', '<rootDir>/bench/jest.config.js'],
  // Global in a multi-project run: the projects' own testTimeout is ignored here. Integration tests
  // wait on real servers; on a loaded 2-core machine 5 s is not enough.
  testTimeout: 60000,
};
