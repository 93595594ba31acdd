import type { InstanceRegistry } from '../instances.js';
import { InstanceNotifier } from './instance-notifier.js';
import {
  validateNotificationSettings,
  type NotificationSettings,
} from './notification-settings.js';

/** The event notifiers of every instance of one sandbox. */
export class Notifications {
  private readonly notifiers = new Map<string, InstanceNotifier>();

  constructor(
    private readonly instances: InstanceRegistry,
    initial: ReadonlyMap<string, NotificationSettings>,
  ) {
    for (const id of instances.ids()) {
      const notifier = new InstanceNotifier(id, instances.get(id).store);
      const settings = initial.get(id);
      notifier.configure(settings ? validateNotificationSettings(settings) : undefined);
      this.notifiers.set(id, notifier);
    }
  }

  /** The instance's notifier; throws for an unknown instance like `InstanceRegistry.get`. */
  of(instanceId: string): InstanceNotifier {
    this.instances.get(instanceId);
    return this.notifiers.get(instanceId) as InstanceNotifier;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.notifiers.values()].map((notifier) => notifier.idle()));
  }

  close(): void {
    this.notifiers.forEach((notifier) => notifier.close());
  }
}
