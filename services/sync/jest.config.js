module.exports = { ...require('../../jest.preset'), displayName: 'sync', rootDir: __dirname };
