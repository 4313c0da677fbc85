import {createContext, useContext} from 'react';
import type {Theme} from './color.js';

/** The theme for the parts Ink draws (the playlists preview); the rest of the view is composed with color.ts alone. */
export const ThemeContext = createContext<Theme>({color: true});

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
