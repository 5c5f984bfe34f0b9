import { acceptance } from './acceptance';

acceptance('layouts C (元) and D (scrambled)', [
  { layout: 'C', year: 2024, n: 120 },
  { layout: 'D', year: 2024, n: 110 },
]);
