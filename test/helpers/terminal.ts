/**
 * A small terminal screen for end-to-end tests: enough of a VT100/xterm to follow what the TUI writes
 * (absolute and relative cursor moves, line and screen erases, the alternate screen, cursor
 * visibility), so tests can read the screen as a person would see it. Styles are ignored.
 */
export class TerminalScreen {
	columns: number;
	rows: number;
	#main: string[][];
	#alt: string[][];
	#altActive = false;
	#row = 0;
	#col = 0;
	#savedMain = {row: 0, col: 0};
	#pending = '';
	cursorVisible = true;
	/** Everything written, raw (for checks on escape codes). */
	raw = '';

	constructor(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.#main = this.#blank();
		this.#alt = this.#blank();
	}

	/** A new size: the text is kept where it fits, as terminals mostly do. */
	resize(columns: number, rows: number): void {
		const fit = (buffer: string[][]) => Array.from({length: rows}, (_, y) => Array.from({length: columns}, (_, x) => buffer[y]?.[x] ?? ' '));
		this.#main = fit(this.#main);
		this.#alt = fit(this.#alt);
		this.columns = columns;
		this.rows = rows;
		this.#row = Math.min(this.#row, rows - 1);
		this.#col = Math.min(this.#col, columns - 1);
	}

	get altScreen(): boolean {
		return this.#altActive;
	}

	#blank(): string[][] {
		return Array.from({length: this.rows}, () => Array.from({length: this.columns}, () => ' '));
	}

	get #buffer(): string[][] {
		return this.#altActive ? this.#alt : this.#main;
	}

	/** The visible screen, one string per row, trailing spaces removed. */
	text(): string {
		return this.#buffer.map(row => row.join('').trimEnd()).join('\n');
	}

	write(data: string): void {
		this.raw += data;
		let input = this.#pending + data;
		this.#pending = '';
		let i = 0;
		while (i < input.length) {
			const char = input[i]!;
			if (char === '\u001B') {
				const rest = input.slice(i);
				const csi = /^\u001B\[([?>=]?)([0-9;]*)([ -/]*)([@-~])/.exec(rest);
				if (csi) {
					this.#csi(csi[1]!, csi[2]!, csi[4]!);
					i += csi[0].length;
					continue;
				}
				const osc = /^\u001B\][^\u0007\u001B]*(\u0007|\u001B\\)/.exec(rest);
				if (osc) {
					i += osc[0].length;
					continue;
				}
				if (rest.length < 3 || (/^\u001B\[[?>=]?[0-9;]*$/.test(rest) && rest.length < 32) || /^\u001B\][^\u0007]*$/.test(rest)) {
					// An escape sequence cut between two writes: wait for the rest.
					this.#pending = rest;
					return;
				}
				i += 2;
				continue;
			}
			if (char === '\r') this.#col = 0;
			else if (char === '\n') this.#lineFeed();
			else if (char === '\b') this.#col = Math.max(0, this.#col - 1);
			else if (char >= ' ') this.#put(char);
			i++;
		}
		input = '';
	}

	#lineFeed(): void {
		if (this.#row === this.rows - 1) {
			this.#buffer.shift();
			this.#buffer.push(Array.from({length: this.columns}, () => ' '));
		} else this.#row++;
	}

	#put(char: string): void {
		if (this.#col >= this.columns) {
			this.#col = 0;
			this.#lineFeed();
		}
		this.#buffer[this.#row]![this.#col] = char;
		this.#col++;
	}

	#csi(prefix: string, params: string, final: string): void {
		const numbers = params.split(';').map(part => (part === '' ? undefined : Number(part)));
		const n = numbers[0] ?? 1;
		const row = this.#buffer[this.#row]!;
		if (prefix === '?') {
			if (final === 'h' || final === 'l') {
				const on = final === 'h';
				for (const mode of numbers) {
					if (mode === 25) this.cursorVisible = on;
					if (mode === 1049 && on !== this.#altActive) {
						if (on) {
							this.#savedMain = {row: this.#row, col: this.#col};
							this.#alt = this.#blank();
						} else {
							this.#row = this.#savedMain.row;
							this.#col = this.#savedMain.col;
						}
						this.#altActive = on;
					}
				}
			}
			return;
		}
		switch (final) {
			case 'H':
			case 'f':
				this.#row = Math.min(this.rows - 1, Math.max(0, (numbers[0] ?? 1) - 1));
				this.#col = Math.min(this.columns - 1, Math.max(0, (numbers[1] ?? 1) - 1));
				break;
			case 'A':
				this.#row = Math.max(0, this.#row - n);
				break;
			case 'B':
				this.#row = Math.min(this.rows - 1, this.#row + n);
				break;
			case 'C':
				this.#col = Math.min(this.columns - 1, this.#col + n);
				break;
			case 'D':
				this.#col = Math.max(0, this.#col - n);
				break;
			case 'E':
				this.#row = Math.min(this.rows - 1, this.#row + n);
				this.#col = 0;
				break;
			case 'F':
				this.#row = Math.max(0, this.#row - n);
				this.#col = 0;
				break;
			case 'G':
				this.#col = Math.min(this.columns - 1, Math.max(0, n - 1));
				break;
			case 'K': {
				const mode = numbers[0] ?? 0;
				const [from, to] = mode === 0 ? [this.#col, this.columns] : mode === 1 ? [0, this.#col + 1] : [0, this.columns];
				for (let x = from; x < to; x++) row[x] = ' ';
				break;
			}
			case 'J': {
				const mode = numbers[0] ?? 0;
				if (mode === 2 || mode === 3) {
					for (const line of this.#buffer) line.fill(' ');
				} else if (mode === 0) {
					for (let x = this.#col; x < this.columns; x++) row[x] = ' ';
					for (let y = this.#row + 1; y < this.rows; y++) this.#buffer[y]!.fill(' ');
				}
				break;
			}
			default:
				// Styles (m) and anything else do not move text.
				break;
		}
	}
}
