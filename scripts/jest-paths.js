const fs = require('node:fs');
const path = require('node:path');

/** Maps tsconfig.base.json `paths` (exact aliases only) to Jest's moduleNameMapper. */
function pathsToModuleNameMapper(tsconfigPath) {
  const { compilerOptions } = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  const root = path.dirname(tsconfigPath);
  const mapper = {};
  for (const [alias, targets] of Object.entries(compilerOptions.paths ?? {})) {
    mapper[`^${alias.replace(/[/.]/g, '\\$&')}$`] = path.join(root, targets[0]);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
