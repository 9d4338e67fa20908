import type { FeatureModule } from '../contract/featureModule';
import { changedAt, type PlatformServices } from '../contract/platformServices';
import { registerAccessHandlers } from './accessHandlers';
import { AccessService } from './accessService';

/** Users, roles and their scopes, created from the platform: called once, by core.ts (and by tests). */
export function createAccessFeature({ db, now, events, host }: PlatformServices): { module: FeatureModule; access: AccessService } {
  const access = new AccessService({ db, now, operator: host.operator, onChange: () => events.emit('access.changed', changedAt(now)) });
  return {
    access,
    module: {
      registerHandlers: (registry) => registerAccessHandlers(registry, access),
      currentState: () => [{ event: 'access.changed', payload: changedAt(now) }],
    },
  };
}
