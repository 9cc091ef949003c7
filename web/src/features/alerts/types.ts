// Types of the alerts and notifications API, taken from the generated client so they follow the server's contract.
import type { QueryParams, RequestBody, ResponseBody } from '../../api/types';

export type Alert = ResponseBody<'/api/alerts', 'get'>['items'][number];
export type AlertList = ResponseBody<'/api/alerts', 'get'>;
export type AlertDetail = ResponseBody<'/api/alerts/{id}', 'get'>;
export type AlertHistoryEntry = AlertDetail['history'][number];
export type AlertSummaryBody = ResponseBody<'/api/alerts/summary', 'get'>;
export type AlertListQuery = QueryParams<'/api/alerts', 'get'>;

export type AlertRule = ResponseBody<'/api/alert-rules', 'get'>[number];
export type AlertRuleBody = RequestBody<'/api/alert-rules', 'post'>;
export type AlertSnooze = ResponseBody<'/api/alert-snoozes', 'get'>[number];

export type NotificationChannel = ResponseBody<'/api/notification-channels', 'get'>[number];
export type NotificationChannelBody = RequestBody<'/api/notification-channels', 'post'>;
export type ChannelTestResult = ResponseBody<'/api/notification-channels/{id}/test', 'post'>;
export type Delivery = ResponseBody<'/api/notification-deliveries', 'get'>['items'][number];
export type DeliveryQuery = QueryParams<'/api/notification-deliveries', 'get'>;
