/** The gates a configuration must pass to win (US-5.2, US-5.4). */
export const RETRIEVAL_GATES = { recallAtK: 0.8, mrrAtK: 0.6 };
