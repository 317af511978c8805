/**
 * `POST /payer/fhir/Subscription` (create, with an immediate handshake), `GET` and `DELETE
 * /payer/fhir/Subscription/{id}`. A payer configured without webhooks keeps the routes (the
 * API is the same for every scenario) but refuses every creation, so clients must poll.
 */
import type { PayerConfig } from '../../contracts/payer-config.js';
import { SubscriptionCreateSchema } from '../../contracts/subscription.js';
import type { SimulatorContext } from '../../core/engine.js';
import { fhirResponse, notFound, OperationOutcomeError, outcome, unprocessable } from '../../core/operation-outcome.js';
import { outboundRefusal } from '../../contracts/outbound.js';
import { clientOf } from '../client-identity.js';
import type { Route } from '../../core/router.js';
import { buildNotification } from './notification-builder.js';
import type { NotificationSender } from './notification-sender.js';
import { startHeartbeat, stopHeartbeat } from './subscription-heartbeat.js';
import { readSubscriptionRequest } from './subscription-request.js';
import { toSubscriptionResource, type SubscriptionStore } from './subscription-store.js';

interface Deps {
  ctx: SimulatorContext;
  config: PayerConfig;
  subscriptions: SubscriptionStore;
  sender: NotificationSender;
}

/**
 * 400 `not-supported` rather than 405: the route exists and POST is the right method for it (405
 * would send a client looking for another method or path); what is unsupported is the feature,
 * which is what `not-supported` says, at the status operation-outcome.ts gives that code.
 */
const webhooksOff = () => new OperationOutcomeError(outcome('not-supported', 'this payer does not support Subscriptions; poll Claim/$inquire', ['Subscription']), 400);

export function createSubscriptionRoutes({ ctx, config, subscriptions, sender }: Deps): Route[] {
  // another client's Subscription is as absent as one that never existed
  const find = (id: string, request: Request) => {
    const sub = subscriptions.get(id);
    if (!sub || sub.client !== clientOf(request)) throw notFound(`Subscription/${id}`);
    return sub;
  };
  return [
    {
      method: 'POST',
      path: '/payer/fhir/Subscription',
      handler: async (req) => {
        if (!config.webhooks) throw webhooksOff();
        const input = await req.json(SubscriptionCreateSchema, 'Subscription');
        const refused = outboundRefusal(ctx.config.outbound, input.channel.endpoint);
        if (refused) throw unprocessable(`Subscription.channel.endpoint: ${refused}`, 'Subscription.channel.endpoint');
        const sub = subscriptions.create(input, readSubscriptionRequest(input), req.origin, clientOf(req.request));
        const handshake = await sender.post(sub, JSON.stringify(buildNotification(sub, 'handshake', ctx.clock.now())));
        if (handshake.ok) {
          sub.status = 'active';
          startHeartbeat(ctx, sub, sender);
        } else {
          sub.status = 'error';
          sub.error = `handshake POST to ${sub.settings.endpoint} failed (${handshake.status ? `HTTP ${handshake.status}` : handshake.error}): make the endpoint answer 2xx and create a new Subscription`;
        }
        subscriptions.save(sub);
        return fhirResponse(toSubscriptionResource(sub), 201, { location: `${sub.fhirBase}/Subscription/${sub.id}` });
      },
    },
    { method: 'GET', path: '/payer/fhir/Subscription/:id', handler: (req) => fhirResponse(toSubscriptionResource(find(req.params.id!, req.request))) },
    {
      method: 'DELETE',
      path: '/payer/fhir/Subscription/:id',
      handler: (req) => {
        const sub = subscriptions.remove(find(req.params.id!, req.request).id)!;
        stopHeartbeat(ctx, sub);
        return fhirResponse(toSubscriptionResource(sub));
      },
    },
  ];
}
