/** The renewing mode on PORT (default 3000). */
import { serve } from '../main.js';

await serve('renewing');
