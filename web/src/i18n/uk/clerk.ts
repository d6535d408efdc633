// Text of the clerk screens.
export const clerk = {
  title: '',
};
