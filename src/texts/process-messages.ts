/**
 * Placeholder: the Swedish words of the machines (their states, steps and refusals) move here
 * in a parallel change (issue 13, part 2, the process half), which replaces this file at merge.
 */
export {};
