module.exports = { ...require('../../jest.preset'), displayName: 'reporting', rootDir: __dirname };
