import type { operator as uk } from '../uk/operator.ts';

export const operator: typeof uk = {
  title: '',
};
