module.exports = { ...require('../jest.preset'), displayName: 'reliability', rootDir: __dirname, testTimeout: 120000 };
