import { lazy, type ComponentType } from 'react';

/**
 * `React.lazy` for a component exported by name (ours are; `lazy` wants a default export). The
 * loader stays an `import()` of a fixed path at the call, so the bundler still splits it off.
 */
export function lazyNamed<Module, Name extends keyof Module>(load: () => Promise<Module>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<Props<Module[Name]>> }));
}

type Props<Component> = Component extends ComponentType<infer P> ? P : never;
