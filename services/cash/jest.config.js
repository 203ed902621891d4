module.exports = { ...require('../../jest.preset'), displayName: 'cash', rootDir: __dirname };
