// Copies the chart library's browser build next to the dashboard's static files, so the router serves
// it itself (no CDN). Run by Maven in generate-resources after `npm ci`.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const chartDist = join(here, 'node_modules', 'chart.js', 'dist');
const out = join(here, '..', 'target', 'classes', 'dashboard', 'vendor');

mkdirSync(out, { recursive: true });
copyFileSync(join(chartDist, 'chart.umd.min.js'), join(out, 'chart.umd.min.js'));
console.log(`dashboard: chart.js copied to ${out}`);
