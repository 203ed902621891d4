module.exports = { ...require('../../jest.preset'), displayName: 'ai', rootDir: __dirname };
