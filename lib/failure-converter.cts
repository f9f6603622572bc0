// CommonJS on purpose: the worker require()s this file by path, and bundles it into the workflow sandbox
// as it is (so: no type annotations, nothing but @temporalio/common).
import { DefaultFailureConverter } from '@temporalio/common';

/** Failures carry their message and stack trace in an encoded payload, so the payload codec encrypts them: a build's error can quote its input. */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
