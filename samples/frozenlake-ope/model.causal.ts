/**
 * One step of slippery FrozenLake 4x4 as a structural causal model: the agent is in some
 * non-terminal state, the behaviour policy (epsilon-greedy, epsilon = 0.3, around the optimal
 * policy) picks an action, and the next state is categorical over the 16 cells with the
 * environment's slip probabilities. Categorical mechanisms carry Gumbel-max noise, so
 * counterfactuals such as "had it gone DOWN instead" are those of Oberst & Sontag's SCM, not the
 * environment's true slip mechanism (couplings.ts compares the two).
 */
import { categorical, scm } from "causal-studio";
import { N_STATES, OPTIMAL_ACTIONS, epsilonGreedy, isTerminal, transitionTable } from "./frozenlake";

const transitions = transitionTable();
const behaviour = epsilonGreedy(OPTIMAL_ACTIONS, 0.3);
const nonTerminal = Array.from({ length: N_STATES }, (_, s): number => (isTerminal(s) ? 0 : 1));
const stateProbs = nonTerminal.map((x) => x / nonTerminal.reduce((a, b) => a + b, 0));

export default scm("FrozenLake 4x4: one slippery step")
  .variable("state", () => categorical(stateProbs))
  .variable("action", ({ state }) => categorical(behaviour[state]))
  .variable("nextState", ({ state, action }) => categorical(transitions[state][action]));
