// Every Jest project of the workspace in one run (`npm test` reads its summary). Nx runs them one by one.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js', '<rootDir>/e2e/jest.config.js'],
};
