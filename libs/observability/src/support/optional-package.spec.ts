import {
  loadOptionalPackage,
  MissingPackageError,
  resolveOptionalPackage,
} from './optional-package';

describe('loadOptionalPackage', () => {
  it('loads an installed peer package when the feature asks for it', () => {
    const yaml = loadOptionalPackage<{ stringify: unknown }>('yaml', 'A test feature');
    expect(typeof yaml.stringify).toBe('function');
    expect(resolveOptionalPackage('yaml', 'A test feature')).toMatch(/node_modules\/yaml\//);
  });

  it('names the feature, the package and the install command when it is missing', () => {
    const load = () =>
      loadOptionalPackage(
        'not-installed-package-xyz/sub',
        'Dashboards',
        'not-installed-package-xyz',
      );
    expect(load).toThrow(MissingPackageError);
    expect(load).toThrow(
      'Dashboards needs the package not-installed-package-xyz, which is not installed. Fix: npm install not-installed-package-xyz (it is an optional peer dependency of nestjs-observability).',
    );
    try {
      load();
    } catch (error) {
      expect((error as MissingPackageError).code).toBe('OBS_ERR_MISSING_PACKAGE');
    }
  });

  it('passes on any other failure of an installed package unchanged', () => {
    // A file of an installed package that does not exist is not a missing package.
    expect(() => loadOptionalPackage('yaml/no-such-file', 'A test feature', 'yaml')).toThrow(
      /no-such-file|not exported|Package subpath/,
    );
    expect(() => loadOptionalPackage('yaml/no-such-file', 'A test feature', 'yaml')).not.toThrow(
      MissingPackageError,
    );
  });
});
