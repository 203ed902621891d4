module.exports = { ...require('../../jest.preset'), displayName: 'simulator', rootDir: __dirname };
