import { acceptance } from './acceptance';

acceptance('layouts A (新疆, 2024 and 2023) and B (上海)', [
  { layout: 'A', year: 2024, n: 130 },
  { layout: 'A', year: 2023, n: 40 },
  { layout: 'B', year: 2024, n: 120 },
]);
