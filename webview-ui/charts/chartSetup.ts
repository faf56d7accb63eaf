/** chart.js, tree-shaken: only what line charts with decimation need. */
import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Decimation, Legend, Tooltip);

export { Chart };
