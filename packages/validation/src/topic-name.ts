/**
 * True when `name` is a legal Kafka topic or consumer-group name: 1 to 249 of `a-z A-Z 0-9 . _ -`, and not `.` or
 * `..`. Every event-log adapter and the configuration apply this one rule, so topics stay portable between tiers.
 */
export function isTopicName(name: unknown): name is string {
  return typeof name === 'string' && /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== '.' && name !== '..';
}
