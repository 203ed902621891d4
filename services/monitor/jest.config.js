module.exports = { ...require('../../jest.preset'), displayName: 'monitor', rootDir: __dirname };
