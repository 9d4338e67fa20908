/** The desktop platforms the double can behave like. */
export type Platform = 'linux' | 'darwin' | 'win32';
