module.exports = { ...require('../../jest.preset'), displayName: 'anomaly', rootDir: __dirname };
