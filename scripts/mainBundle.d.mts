/** See mainBundle.mjs. */
export declare const bundledDependencies: string[];
export declare function bundledPackages(root: string): string[];
export declare function mainAliases(root: string): Array<{ find: RegExp; replacement: string }>;
export declare const mainOutput: {
  comments: { legal: boolean; annotation: boolean; jsdoc: boolean };
  minify: { compress: boolean; mangle: boolean; codegen: { removeWhitespace: boolean; asciiOnly: boolean } };
};
