// Text of the operator screens.
export const operator = {
  title: '',
};
