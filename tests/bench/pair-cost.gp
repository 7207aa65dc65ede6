# SPDX-License-Identifier: GPL-2.0-only
# gnuplot -e "dir='build/bench'" pair-cost.gp: cost per VOLATILE+NONVOLATILE
# pair against the number of ranges in the region, one line per kernel,
# from report.py's pair-cost.dat.
set terminal pngcairo size 900,560 font "sans,11"
set output dir."/pair-cost.png"
set title "vrange: one VOLATILE+NONVOLATILE pair (1 page, random position)\nmedian of 11 trials x 2000 pairs, QEMU TCG guest"
set xlabel "volatile ranges already in the region"
set ylabel "ns per pair (emulated: compare lines, not absolutes)"
set logscale x
set xrange [0.7:150000]
set yrange [0:*]
set key top left
set grid
kernels = system("cat ".dir."/pair-cost.kernels")
plot for [i=1:words(kernels)] dir."/pair-cost.dat" using 1:(column(i+1)) \
	with linespoints linewidth 2 pointtype 7 title word(kernels, i)
