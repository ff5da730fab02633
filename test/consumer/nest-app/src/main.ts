/** Entry point of the Nest consumers: runs the checks, exits non-zero on any failure. */
import 'reflect-metadata';
import { runConsumer } from './consumer.js';

runConsumer(process.env.CONSUMER_FLAVOUR ?? 'nest').catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
