module.exports = { ...require('../../jest.preset'), displayName: 'messaging', rootDir: __dirname };
