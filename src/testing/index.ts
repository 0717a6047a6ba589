/* rx-mimo/testing: run streams alone and check them. */
export { testStream, type TestStreamOptions } from './test-stream';
export { memoryTransport, MemoryTransport } from '../transport/memory';
