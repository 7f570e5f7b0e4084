/** SGLang's `_validate_one_request` length checks; returns the ValueError message or null. */
export function promptLengthError(inputTokens: number, maxNewTokens: number, contextLength: number): string | null {
  if (inputTokens >= contextLength) {
    return `The input (${inputTokens} tokens) is longer than the model's context length (${contextLength} tokens).`;
  }
  if (maxNewTokens + inputTokens >= contextLength) {
    return (
      `Requested token count exceeds the model's maximum context length of ${contextLength} tokens. ` +
      `You requested a total of ${maxNewTokens + inputTokens} tokens: ${inputTokens} tokens from the input messages and ` +
      `${maxNewTokens} tokens for the completion. Please reduce the number of tokens in the input messages or the completion to fit within the limit.`
    );
  }
  return null;
}

/** First id outside [0, vocabSize), or undefined. */
export function firstOutOfVocab(ids: readonly number[], vocabSize: number): number | undefined {
  return ids.find((id) => id < 0 || id >= vocabSize);
}
