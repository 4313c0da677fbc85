/**
 * Loaded before every test file (package.json, ava's "require"): the view's text is measured with
 * string-width, as in the running view, which gives it to text.ts before its first frame (app.tsx).
 */
import stringWidth from 'string-width';
import {measureWithStringWidth} from '../../source/ui/text.js';

measureWithStringWidth(stringWidth);
