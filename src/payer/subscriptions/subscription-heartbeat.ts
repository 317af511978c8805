/**
 * Heartbeats (backport-heartbeat-period): while a subscription is active, a `heartbeat`
 * notification every period of clock time, so a receiver can tell a quiet payer from a lost
 * channel. Simplification: sent on a fixed schedule, even when an event notification went out
 * in the same period; one attempt each (a missed heartbeat is exactly what it is there to show).
 */
import type { SimulatorContext } from '../../core/engine.js';
import { buildNotification } from './notification-builder.js';
import type { NotificationSender } from './notification-sender.js';
import type { SubscriptionRecord } from './subscription-store.js';

export function startHeartbeat(ctx: SimulatorContext, sub: SubscriptionRecord, sender: NotificationSender): void {
  const periodMs = (sub.settings.heartbeatSeconds ?? 0) * 1000;
  if (periodMs <= 0) return;
  const { clock } = ctx;
  const tick = async () => {
    if (sub.status !== 'active') return;
    sub.heartbeat = clock.setTimer(clock.now() + periodMs, tick);
    await sender.post(sub, JSON.stringify(buildNotification(sub, 'heartbeat', clock.now())));
  };
  sub.heartbeat = clock.setTimer(clock.now() + periodMs, tick);
}

export function stopHeartbeat(ctx: SimulatorContext, sub: SubscriptionRecord): void {
  if (sub.heartbeat) ctx.clock.clearTimer(sub.heartbeat);
  delete sub.heartbeat;
}
